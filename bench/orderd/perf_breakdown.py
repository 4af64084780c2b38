#!/usr/bin/env python3
"""Splits orderd's perf samples by component and kind.

Reads `perf script -F tid,ip,sym,dso` output with call chains (leaf first) on
stdin. Each sample goes to one component, found from its whole stack (the
thread's role first: intake writer, syncers, depth thread, workers, network
threads; then what a network thread was doing), and to one kind, from its
leaf: allocation (malloc/free and friends), kernel, or other user code.
Prints a Markdown table: share of samples and, given --orders and --hz,
microseconds of CPU per accepted order."""
import argparse
import collections
import re
import sys

ALLOCATION = re.compile(
    r"^(malloc|_int_malloc|_int_free|cfree|free|__libc_malloc|__libc_free|operator new|"
    r"operator delete|malloc_consolidate|_int_realloc|realloc|tcache_|unlink_chunk)")


def component(stack):
    def has(*names):
        return any(n in stack for n in names)

    if has("Intake::write_loop"):
        if has("SqliteStore::enqueue"):
            return "SQLite insert + indexes + WAL write (writer thread)"
        return "writer thread: taking the batch, waking a syncer"
    if has("Intake::sync_loop"):
        if has("SqliteStore::sync", "fdatasync"):
            return "fdatasync (syncer threads)"
        if has("Api::accept_async", "Session::answer", "PendingAnswer"):
            return "building the 202, handing it to the network thread (syncer threads)"
        return "syncer threads: waiting, waking"
    if has("refresh_depth_loop"):
        if has("maintain"):
            return "WAL checkpoint (depth thread)"
        return "depth refresh (depth thread)"
    if has("WorkerPool::"):
        return "workers (claim, pay, complete)"
    if has("run_network_thread", "scheduler::run", "do_run_one"):
        if has("parse_order_request"):
            return "JSON parse + validation (network thread)"
        if has("accept_async"):
            return "accept: id, idempotency key, submit (network thread)"
        if has("basic_parser", "read_some_op", "read_op<", "on_read", "recvfrom", "readv"):
            return "HTTP read + parse (network thread)"
        if has("write_op", "Session::write", "sendmsg", "writev"):
            return "HTTP response: serialize + send (network thread; loopback delivery to the client included)"
        return "network thread: asio dispatch, timers, epoll"
    return "other (start-up, sync-payment pool, signal thread)"


def kind(leaf):
    if "[kernel" in leaf:
        return "kernel"
    symbol = leaf.split(" ", 1)[1] if " " in leaf else leaf
    return "allocation" if ALLOCATION.match(symbol) else "user"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=0, help="orders accepted while sampling")
    parser.add_argument("--hz", type=float, default=0, help="sampling frequency")
    args = parser.parse_args()
    samples = collections.Counter()
    kinds = collections.defaultdict(collections.Counter)
    frames = []

    def flush():
        if frames:
            c = component("\n".join(frames))
            samples[c] += 1
            kinds[c][kind(frames[0])] += 1

    for line in sys.stdin:
        if line.startswith("\t") and line.strip():
            frames.append(line.strip())
        else:
            flush()
            frames = []
    flush()
    total = sum(samples.values())
    if not total:
        sys.exit("perf_breakdown.py: no samples")
    per_order = args.orders > 0 and args.hz > 0

    def us(n):  # CPU microseconds per accepted order
        return f" {n / args.hz / args.orders * 1e6:.1f} |" if per_order else ""

    print(f"{total} samples" + (f", {total / args.hz / args.orders * 1e6:.1f} µs of CPU per order" if per_order else ""))
    print()
    print("| component | share | of which allocation | of which kernel |" + (" µs per order |" if per_order else ""))
    print("|---|---|---|---|" + ("---|" if per_order else ""))
    for c, n in samples.most_common():
        print(f"| {c} | {100 * n / total:.1f}% | {100 * kinds[c]['allocation'] / total:.1f}% | "
              f"{100 * kinds[c]['kernel'] / total:.1f}% |" + us(n))
    alloc = sum(k["allocation"] for k in kinds.values())
    kernel = sum(k["kernel"] for k in kinds.values())
    print(f"| all | 100% | {100 * alloc / total:.1f}% | {100 * kernel / total:.1f}% |" + us(total))


if __name__ == "__main__":
    main()
