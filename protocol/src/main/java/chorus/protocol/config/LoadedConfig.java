package chorus.protocol.config;

import java.util.List;

/**
 * A loaded configuration and how it came about, so that the node can log what it skipped
 * (the loader itself logs nothing) and the System Console can later show which settings
 * the environment locks, as Mattermost's {@code GET /config/environment} does.
 *
 * @param config the validated configuration
 * @param ignoredKeys file keys Chorus does not implement, e.g. {@code EmailSettings} or
 *     {@code ServiceSettings.EnableLinkPreviews}, as written in the file
 * @param ignoredVariables {@code MM_*} environment variables that name no Chorus setting
 * @param environmentOverrides the settings set from the environment, e.g. {@code SqlSettings.DataSource}
 */
public record LoadedConfig(
    ChorusConfig config, List<String> ignoredKeys, List<String> ignoredVariables, List<String> environmentOverrides) {

  public LoadedConfig {
    ignoredKeys = List.copyOf(ignoredKeys);
    ignoredVariables = List.copyOf(ignoredVariables);
    environmentOverrides = List.copyOf(environmentOverrides);
  }
}
