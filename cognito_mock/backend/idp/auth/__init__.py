"""Authentication: one class per AuthFlow (flows.py), one per challenge (challenges.py), and the
single state machine ``steps.next_step`` that decides what follows a verified first factor."""
