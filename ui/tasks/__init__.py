"""The Tasks dock: item model, filter proxy, delegates, actions and the detail dialog."""
