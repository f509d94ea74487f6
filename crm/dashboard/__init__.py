"""The coalition dashboard for directors: what moved, what is stuck, who is going cold. Reads only through other
domains' queries; it has no models of its own."""
