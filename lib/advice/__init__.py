"""The advice: the questionnaire and the team's answers, the rules and the facts they read, the route and the verdict.
`advise()` joins them for the page, the CLI and the report; scenarios are answers read from links and files."""
