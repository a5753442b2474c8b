"""``python -m coffeechat`` runs the same CLI as the ``coffeechat`` command."""

from coffeechat.cli.main import main

if __name__ == "__main__":
    main()
