"""coffeechat's benchmarks: whole-process timings against a floor and a peer, run with ``python -m bench``.

Nothing here is a test: pytest only collects ``tests/``. Results go to ``bench/out/`` (not in git).
"""
