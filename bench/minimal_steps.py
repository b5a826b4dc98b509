"""The floor for `next_step.py`: a minimal Textual app whose ctrl+n builds and shows a new
screen holding what a step screen holds (a title, some paragraphs of guidance, a text area,
the key line of Textual's own Footer), with no work of its own."""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

PARAGRAPH = (
    "Ask what the client's days are like now, and listen for what gives them energy and "
    "what takes it away. Let the client lead; note their own words. "
) * 3


class Step(Screen[None]):
    BINDINGS = [
        Binding("ctrl+n", "app.next", "Next step"),
        Binding("ctrl+g", "app.bell", "Go to step"),
        Binding("ctrl+p", "app.bell", "Pause"),
        Binding("ctrl+m", "app.bell", "Marker"),
        Binding("ctrl+s", "app.bell", "Save"),
    ]

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number

    def compose(self) -> ComposeResult:
        yield Static(f"Step {self.number} of 8 · A step")
        with Horizontal():
            with VerticalScroll():
                for _ in range(6):
                    yield Static("For the students")
                    yield Static(PARAGRAPH)
            with VerticalScroll():
                yield Static("Notes")
                yield TextArea()
        yield Footer()


class MinimalSteps(App[None]):
    def on_mount(self) -> None:
        self.number = 1
        self.push_screen(Step(1))

    def action_next(self) -> None:
        self.number += 1
        self.switch_screen(Step(self.number))


if __name__ == "__main__":
    MinimalSteps().run()
