"""The demo catalogue: a made-up but realistic city council's information assets."""
