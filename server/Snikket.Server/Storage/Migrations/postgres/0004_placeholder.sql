-- Reserved for another part of issues 3 and 4; numbers must have no gaps, so this placeholder
-- keeps 0007 valid until that migration lands.
SELECT 1;
