"""What it costs: money arithmetic, the cost settings and the comparison of every way to run the product.
The comparison's numbers, its chart frames and its sentences live in separate modules; the guide's 2023 preset too."""
