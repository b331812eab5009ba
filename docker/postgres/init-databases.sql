-- One database per service that keeps state, so that each service's Flyway history stays its own.
-- Runs once, when the postgres volume is created (docker-entrypoint-initdb.d).
CREATE DATABASE inlet_registry;
CREATE DATABASE inlet_gateway;
CREATE DATABASE inlet_lake;
