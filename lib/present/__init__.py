"""What a person sees, built from values: Altair chart specs and the exported HTML/Markdown report.
No page code: the app and the CLI both call these."""
