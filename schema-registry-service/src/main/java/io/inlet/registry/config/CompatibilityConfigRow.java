package io.inlet.registry.config;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** The level and policy stored for a scope: {@value ConfigService#GLOBAL_SCOPE} or a subject; either may be null. */
@Table("compatibility_config")
record CompatibilityConfigRow(@Id String scope, String level, String policy) {
}
