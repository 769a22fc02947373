package chorus.node.http;

import chorus.protocol.api.AppError;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.BooleanSupplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * Renders API bodies. The content type is exactly {@code application/json}: the official
 * client parses a body only when the header equals that string, so a charset parameter would
 * turn every response into plain text for it.
 */
public final class ApiJsonResponses {
  private final ObjectMapper mapper;
  private final BooleanSupplier developerMode;

  public ApiJsonResponses(ObjectMapper mapper, boolean developerMode) {
    this(mapper, () -> developerMode);
  }

  /** @param developerMode ServiceSettings.EnableDeveloper as it is now, read per error so that a reload applies it */
  public ApiJsonResponses(ObjectMapper mapper, BooleanSupplier developerMode) {
    this.mapper = mapper;
    this.developerMode = developerMode;
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  public HttpResponse json(int status, Object body) {
    try {
      return HttpResponse.create()
          .withStatus(StatusCodes.get(status))
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, mapper.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + body.getClass().getSimpleName(), e);
    }
  }

  public HttpResponse ok(Object body) {
    return json(200, body);
  }

  public HttpResponse created(Object body) {
    return json(201, body);
  }

  /** The error body; {@code detailed_error} is only filled in developer mode, as in Mattermost. */
  public HttpResponse error(ApiException e, String requestId) {
    AppError body = new AppError(e.id(), e.getMessage(), developerMode.getAsBoolean() ? e.detail() : "", requestId, e.status());
    return json(e.status(), body);
  }
}
