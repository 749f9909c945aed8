from claimcmp.cli import run

run()
