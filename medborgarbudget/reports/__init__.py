"""Printed and published documents: code sheets now, the signed result later."""
