package io.inlet.registry.config;

import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

interface CompatibilityConfigRepository extends Repository<CompatibilityConfigRow, String> {

    Optional<CompatibilityConfigRow> findById(String scope);

    @Modifying
    @Query("insert into compatibility_config (scope, level) values (:scope, :level)"
            + " on conflict (scope) do update set level = excluded.level, updated_at = now()")
    int upsert(String scope, String level);

    @Modifying
    @Query("delete from compatibility_config where scope = :scope")
    int deleteByScope(String scope);
}
