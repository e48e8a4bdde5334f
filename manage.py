#!/usr/bin/env python
"""Django's command-line utility in a source checkout; installed copies have `ctlive`."""
from ctlive.cli import main

if __name__ == "__main__":
    main()
