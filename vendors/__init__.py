"""The vendor portal: providers answer an engagement's questionnaire through an invitation link."""
