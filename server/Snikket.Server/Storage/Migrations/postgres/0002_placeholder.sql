-- Reserved for the roster and subscriptions (issue 3); numbers must have no gaps, so this
-- placeholder keeps 0003 valid until that migration lands.
SELECT 1;
