"""Operations that change data, named verb_noun.

They take model objects, check the rules, write history and audit entries, and only flush:
the request (or command) commits once, and rolls back on any error.
"""
