package chorus.node.websocket;

import chorus.persistence.pool.ReadPreference;
import chorus.protocol.api.AppError;
import chorus.protocol.api.Status;
import chorus.protocol.ws.Broadcast;
import chorus.protocol.ws.EventType;
import chorus.protocol.ws.WebSocketReply;
import chorus.protocol.ws.WebSocketRequest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The actions a signed-in client sends over its socket (reference C.2) and their replies.
 * Each answer is a stage, so that actions which read the database never block the
 * connection; the connection writes the reply when it completes.
 */
final class ClientActions {
  private final WebSocketServices services;

  ClientActions(WebSocketServices services) {
    this.services = services;
  }

  /** The reply to {@code request} from {@code userId}'s connection {@code connectionId}. */
  CompletionStage<WebSocketReply> handle(WebSocketRequest request, String userId, String connectionId) {
    long seq = request.seq();
    switch (request.action()) {
      case "ping" -> {
        // Re-announcing is idempotent and restores the connection in a presence entity that moved nodes.
        services.presence().connectionOpened(userId, connectionId);
        Map<String, Object> pong = new LinkedHashMap<>();
        pong.put("text", "pong");
        pong.put("version", services.version().versionId());
        pong.put("server_time", services.clock().millis());
        pong.put("node_id", "");
        return done(WebSocketReply.ok(seq, pong));
      }
      case "user_typing" -> {
        return answer(seq, typing(userId, text(request.data(), "channel_id"), text(request.data(), "parent_id")));
      }
      case "user_update_active_status" -> {
        if (request.data() != null && request.data().path("user_is_active").asBoolean(false)) {
          services.presence().recordActivity(userId);
        }
        return done(WebSocketReply.ok(seq, null));
      }
      case "get_statuses_by_ids" -> {
        List<String> ids = new ArrayList<>();
        if (request.data() != null) {
          request.data().path("user_ids").forEach(node -> ids.add(node.asText()));
        }
        return answer(seq, services.statuses().getMany(ReadPreference.REPLICA, ids).thenApply(ClientActions::byUser));
      }
      case "get_statuses" -> {
        return answer(seq, services.statuses().notOffline(ReadPreference.REPLICA).thenApply(ClientActions::byUser));
      }
      case "presence", "posted_notify_ack" -> {
        return done(WebSocketReply.ok(seq, null));
      }
      default -> {
        return done(WebSocketReply.fail(seq, error(500, "api.web_socket_router.bad_action.app_error", "Unknown action.")));
      }
    }
  }

  /** Typing goes to the other members of the channel only, and only from a member who may post there. */
  private CompletionStage<Object> typing(String userId, String channelId, String parentId) {
    return services.pool().read(ReadPreference.PRIMARY, dsl -> services.channels().findMember(dsl, channelId, userId).isPresent())
        .thenCompose(member -> {
          if (!member) {
            throw new IllegalArgumentException("not a member of the channel");
          }
          services.presence().recordActivity(userId);
          return services.events().momentInChannel(Broadcast.toChannelExcept(channelId, userId), EventType.TYPING,
              Map.of("parent_id", parentId, "user_id", userId));
        })
        .thenApply(done -> null);
  }

  private static Map<String, String> byUser(List<Status> statuses) {
    Map<String, String> byUser = new LinkedHashMap<>();
    for (Status status : statuses) {
      byUser.put(status.userId(), status.status());
    }
    return byUser;
  }

  private static <T> CompletionStage<WebSocketReply> answer(long seq, CompletionStage<T> work) {
    return work.handle((data, failure) -> failure == null
        ? WebSocketReply.ok(seq, data)
        : WebSocketReply.fail(seq, error(400, "api.websocket_handler.invalid_param.app_error", "Invalid parameter.")));
  }

  private static CompletionStage<WebSocketReply> done(WebSocketReply reply) {
    return CompletableFuture.completedFuture(reply);
  }

  static AppError error(int status, String id, String message) {
    return new AppError(id, message, "", "", status);
  }

  static String text(JsonNode data, String field) {
    return data == null ? "" : data.path(field).asText("");
  }
}
