"""Page 4 of the plain app."""

from plain_page import draw

draw(4)
