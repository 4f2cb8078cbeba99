"""Authentication: one class per AuthFlow (flows.py), the first factor's checks they share
(first_factor.py), one per challenge (challenges.py), and the single state machine ``steps.next_step``
that decides what follows a verified first factor."""
