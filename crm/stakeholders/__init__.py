"""The stakeholder map per dossier (krachtenveld): who stands where, with how much influence, over time."""
