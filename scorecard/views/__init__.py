"""Views of the evaluation app, one module per area (setup, assessments, results)."""
