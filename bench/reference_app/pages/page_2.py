"""Page 2 of the plain app."""

from plain_page import draw

draw(2)
