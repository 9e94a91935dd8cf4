"""``python -m pipeline`` is the same as the ``edition`` command."""
from .cli import main

main()
