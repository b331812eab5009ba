-- The compatibility policy (LENIENT or STRICT) per scope, next to the level; either may be unset.
alter table compatibility_config add column policy varchar(16);
alter table compatibility_config alter column level drop not null;
