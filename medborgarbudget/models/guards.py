"""Triggers that make the database itself refuse what must never happen; used by migrations.

A guard aborts a statement when a condition on OLD/NEW holds. Conditions are written once for
both databases: {ne} is a null-safe "differs", {json} casts JSON for comparison and {pos}
finds a string's position.
"""

from alembic import op


def create_guard(name, table, event, condition, message):
    """A trigger that aborts the statement when ``condition`` holds for a row."""
    if op.get_context().dialect.name == "postgresql":
        condition = condition.format(ne="IS DISTINCT FROM", json="::text", pos="strpos")
        op.execute(f"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF {condition} THEN
                    RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation';
                END IF;
                RETURN COALESCE(NEW, OLD);
            END $$""")
        op.execute(f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW "
                   f"EXECUTE FUNCTION {name}()")
    else:
        condition = condition.format(ne="IS NOT", json="", pos="instr")
        for single in event.split(" OR "):
            op.execute(f"CREATE TRIGGER {name}_{single.lower()} BEFORE {single} ON {table} "
                       f"FOR EACH ROW WHEN {condition} BEGIN SELECT RAISE(ABORT, '{message}'); END")


def drop_guard(name, table, event):
    if op.get_context().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER {name} ON {table}")
        op.execute(f"DROP FUNCTION {name}()")
    else:
        for single in event.split(" OR "):
            op.execute(f"DROP TRIGGER {name}_{single.lower()}")
