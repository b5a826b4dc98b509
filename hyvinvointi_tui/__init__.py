"""hyvinvointi: a terminal guide for the Hyvinvointikeskustelu wellbeing conversation."""

import os

__version__ = "0.1.0"

# Pydantic hands every value it validates to the plugins installed beside it (an
# observability package may register one): no session content goes to code this project
# does not ship. It also spares start-up the scan of every installed package's metadata.
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
