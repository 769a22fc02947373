package chorus.node.upgrade;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Builds one fixed sample of any cluster message from its record components, so that the
 * same class gives the same bytes on every run: strings are the component's name, numbers
 * follow from it, collections hold one or two elements (one for sets and maps, whose order is not
 * fixed), a sealed interface takes its first permitted record, an actor ref is resolved from
 * a fixed path and uid of {@code system}.
 */
final class MessageSamples {
  private final ActorRefResolver refs;
  private final String address;

  MessageSamples(ActorSystem<?> system) {
    this.refs = ActorRefResolver.get(system);
    this.address = system.address().toString();
  }

  Object of(Class<?> type) {
    return sample(type, type.getSimpleName());
  }

  private Object sample(Type type, String name) {
    if (type instanceof WildcardType wildcard) {
      return sample(wildcard.getUpperBounds()[0], name);
    }
    if (type instanceof ParameterizedType generic) {
      return generic(generic, name);
    }
    Class<?> raw = (Class<?>) type;
    if (raw == String.class) {
      return name;
    }
    if (raw == long.class || raw == Long.class) {
      return 1_700_000_000_000L + Math.floorMod(name.hashCode(), 1000);
    }
    if (raw == int.class || raw == Integer.class) {
      return 1 + Math.floorMod(name.hashCode(), 100);
    }
    if (raw == boolean.class || raw == Boolean.class) {
      return true;
    }
    if (raw == double.class || raw == Double.class) {
      return 1.5;
    }
    if (raw.isEnum()) {
      return raw.getEnumConstants()[0];
    }
    if (raw.isRecord()) {
      return record(raw);
    }
    if (raw.isSealed()) {
      Class<?> first = Arrays.stream(raw.getPermittedSubclasses()).filter(Class::isRecord).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no record implements " + raw.getName()));
      return record(first);
    }
    if (raw == ActorRef.class) {
      return ref(name);
    }
    throw new IllegalArgumentException("no sample for " + type.getTypeName() + " (" + name + "): teach MessageSamples the type");
  }

  private Object generic(ParameterizedType generic, String name) {
    Class<?> raw = (Class<?>) generic.getRawType();
    Type[] args = generic.getActualTypeArguments();
    if (raw == List.class) {
      return List.of(sample(args[0], name + "-0"), sample(args[0], name + "-1"));
    }
    if (raw == Set.class) {
      return Set.of(sample(args[0], name + "-0"));
    }
    if (raw == Map.class) {
      return Map.of(sample(args[0], name + "-key"), sample(args[1], name + "-value"));
    }
    if (raw == Optional.class) {
      return Optional.of(sample(args[0], name));
    }
    if (raw == ActorRef.class) {
      return ref(name);
    }
    throw new IllegalArgumentException("no sample for " + generic.getTypeName() + " (" + name + "): teach MessageSamples the type");
  }

  private Object record(Class<?> type) {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
    Object[] values = Arrays.stream(components).map(c -> sample(c.getGenericType(), c.getName())).toArray();
    try {
      Constructor<?> canonical = type.getDeclaredConstructor(types);
      canonical.setAccessible(true);
      return canonical.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build a sample of " + type.getName(), e);
    }
  }

  private ActorRef<?> ref(String name) {
    return refs.resolveActorRef(address + "/user/" + name + "#1");
  }
}
