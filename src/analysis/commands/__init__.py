"""One module per command-line command, each with `register(subparsers)`."""
