"""`python -m schema` prints the SDL (what `make schema` writes to schema.graphql)."""

import sys

from schema import export_sdl

sys.stdout.write(export_sdl())
