"""Every user action as one function over the open document."""
