"""claimcmp's benchmarks: programs that measure, not tests that pass or fail.

Run ``python -m benchmarks run [--quick]`` from the repository root; see BENCHMARKS.md
for what each suite measures and the latest numbers. Each suite is one module with
``NAME``, ``run(ctx) -> dict`` and ``markdown(result) -> str``.
"""
