"""Errors a service raises for the view to show as a form error."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """A business rule refused the change. `field` names the form field the message belongs to."""

    def __init__(self, message: Any, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field

    def attach_to(self, form: Any, prefix: str = "") -> None:
        """Show the message on its field (named as is, or with the form's prefix), or as a form-level error."""
        field = getattr(form, prefix + self.field, None) or getattr(form, self.field, None) if self.field else None
        # As plain text: a lazy translation counts as safe markup to Jinja (it has __html__), and a message may
        # quote what the user typed.
        message = str(self.message)
        if field is not None:
            field.errors = [*list(field.errors), message]
        else:
            form.form_errors.append(message)
