"""``python -m pipeline`` is the same as the ``edition`` command."""
from .cli import run

# Guarded: worker processes (spawn/forkserver) import the main module and must not run the CLI.
if __name__ == "__main__":
    run()
