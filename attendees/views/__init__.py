"""The attendee's pages (``pages``) and the staff's check-in page (``checkin``)."""
