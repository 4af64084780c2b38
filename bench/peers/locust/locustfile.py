# The closed-model peer for bench/load/compare_locust.sh: Locust's fast
# client, one GET, a think time of 0.1-0.5 s (the flash-sale case's users).
from locust import FastHttpUser, between, task


class Shopper(FastHttpUser):
    wait_time = between(0.1, 0.5)

    @task
    def index(self):
        self.client.get("/index.html")
