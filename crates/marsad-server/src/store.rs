//! (wired when marsad-store lands)
