"""The organiser's numbers: an edition's dashboard, a series' editions side by side,
and the current editions on the admin home.

Each module reads with a fixed number of grouped queries, whatever the number of
registrations: the database counts, Python only arranges the counts.
"""
