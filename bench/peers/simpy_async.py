#!/usr/bin/python3
"""The async benchmark model in SimPy 2.3 (Debian's python3-simpy, the old
SimPy.Simulation API): Poisson arrivals, one shared queue, worker processes
each with `slots` payment slots, exponential payment time. The same model as
examples/bench-async-poisson.yaml (receive without delay, so a worker slot
takes the next message as soon as it is free).

Prints one line: orders simulated, wall seconds, orders per wall second.
"""
import argparse
import random
import time

from SimPy.Simulation import (Process, Store, activate, get, hold, initialize, now, put,
                              simulate)


class Arrivals(Process):
    def run(self, queue, rate, until, rng):
        while True:
            yield hold, self, rng.expovariate(rate)
            if now() >= until:
                return
            yield put, self, queue, [now()]


class Consumer(Process):
    """One payment slot of one worker process: take an order, pay, repeat."""

    def run(self, queue, mean_payment, rng, done):
        while True:
            yield get, self, queue, 1
            yield hold, self, rng.expovariate(1.0 / mean_payment)
            done[0] += 1


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--rate", type=float, default=1000.0, help="orders per second")
    p.add_argument("--seconds", type=float, default=60.0, help="simulated seconds")
    p.add_argument("--processes", type=int, default=4)
    p.add_argument("--slots", type=int, default=5)
    p.add_argument("--payment-ms", type=float, default=10.0)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    rng = random.Random(a.seed)
    initialize()
    queue = Store(capacity="unbounded")
    done = [0]
    source = Arrivals()
    activate(source, source.run(queue, a.rate, a.seconds, rng))
    for _ in range(a.processes * a.slots):
        c = Consumer()
        activate(c, c.run(queue, a.payment_ms / 1000.0, rng, done))
    start = time.perf_counter()
    simulate(until=a.seconds + 10)
    wall = time.perf_counter() - start
    print(f"simpy orders={done[0]} wall_s={wall:.3f} orders_per_s={done[0] / wall:.0f}")


if __name__ == "__main__":
    main()
