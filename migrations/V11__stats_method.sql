-- issue 18: stats.method replaces the boolean stats.sequential. Experiments stored before keep their
-- behaviour: sequential true (or absent, whose default was true) is always_valid, false is fixed.
-- Only new experiments get the new default, group_sequential.
UPDATE experiments
   SET stats = stats || jsonb_build_object(
         'method', CASE WHEN stats->>'sequential' = 'false' THEN 'fixed' ELSE 'always_valid' END,
         'spending', 'obrien_fleming')
 WHERE NOT stats ? 'method';
