package io.inlet.registry.config;

import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

interface CompatibilityConfigRepository extends Repository<CompatibilityConfigRow, String> {

    Optional<CompatibilityConfigRow> findById(String scope);

    /** Sets the level; a null {@code policy} keeps the stored one. */
    @Modifying
    @Query("insert into compatibility_config (scope, level, policy) values (:scope, :level, :policy)"
            + " on conflict (scope) do update set level = excluded.level,"
            + " policy = coalesce(excluded.policy, compatibility_config.policy), updated_at = now()")
    int upsert(String scope, String level, String policy);

    @Modifying
    @Query("insert into compatibility_config (scope, policy) values (:scope, :policy)"
            + " on conflict (scope) do update set policy = excluded.policy, updated_at = now()")
    int upsertPolicy(String scope, String policy);

    @Modifying
    @Query("delete from compatibility_config where scope = :scope")
    int deleteByScope(String scope);
}
