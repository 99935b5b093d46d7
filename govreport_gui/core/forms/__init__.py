"""Form definitions, the rule language, values and number parsing, the rule engine."""
