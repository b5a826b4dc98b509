"""The debrief view: a session replayed on a timeline, with the teacher's comments."""
