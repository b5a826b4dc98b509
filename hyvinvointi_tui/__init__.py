"""hyvinvointi: a terminal guide for the Hyvinvointikeskustelu wellbeing conversation."""

__version__ = "0.1.0"
