"""Several requests at the same moment, for the concurrency tests on PostgreSQL:
threads, each with its own database connection, released together."""

import threading

from django.db import connections

THREADS = 6


def in_threads(work, threads: int = THREADS) -> list:
    """Run work(index) in `threads` threads released together; their outcomes (a
    result, or the exception raised)."""
    barrier = threading.Barrier(threads)
    outcomes = [None] * threads

    def run(index):
        try:
            barrier.wait()
            outcomes[index] = work(index)
        except Exception as error:  # noqa: BLE001 - the outcome is what we check
            outcomes[index] = error
        finally:
            connections.close_all()

    started = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join(timeout=60)
    return outcomes
