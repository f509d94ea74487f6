"""Spreadsheet import: CSV and XLSX files into organisations, people and contacts, as a record that can be undone."""
