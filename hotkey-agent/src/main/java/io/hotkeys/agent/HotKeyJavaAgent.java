package io.hotkeys.agent;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.hotkeys.schema.config.ConfigException;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Map;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The {@code -javaagent} entry point: {@code java
 * -javaagent:hotkey-agent-javaagent.jar=app=shop,kafka=host:9092,zookeeper=host:2181 -jar
 * service.jar}. It starts a {@link HotKeyAgent} and weaves {@link JedisAdvice} into Jedis, so a
 * service that uses Jedis gets detection and mitigation with no code change.
 *
 * <p>Options are checked before anything starts; a bad one is reported on standard error naming the
 * option, and the service then runs without the agent. Nothing the agent does can stop the service
 * from starting.
 */
public final class HotKeyJavaAgent {
    /** Jedis writes whose first argument is the key (or the keys). */
    static final List<String> WRITES =
            List.of(
                    "set",
                    "setex",
                    "psetex",
                    "setnx",
                    "getSet",
                    "getDel",
                    "getEx",
                    "del",
                    "unlink",
                    "expire",
                    "pexpire",
                    "expireAt",
                    "pexpireAt",
                    "persist",
                    "incr",
                    "incrBy",
                    "incrByFloat",
                    "decr",
                    "decrBy",
                    "append",
                    "setrange");

    private HotKeyJavaAgent() {}

    public static void premain(String options, Instrumentation instrumentation) {
        start(options, instrumentation);
    }

    public static void agentmain(String options, Instrumentation instrumentation) {
        start(options, instrumentation);
    }

    /** Starts the agent; returns null (and says why on standard error) when it cannot. */
    static HotKeyAgent start(String options, Instrumentation instrumentation) {
        try {
            Map<String, String> settings = AgentOptions.parse(options);
            HotKeyAgent agent = HotKeyAgent.builder().setAll(settings).build();
            JedisHooks.install(agent);
            weave(instrumentation);
            Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "hotkey-agent-shutdown"));
            return agent;
        } catch (ConfigException e) {
            System.err.println(
                    "hotkeys agent: not started, the service runs without it: " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            System.err.println("hotkeys agent: not started, the service runs without it: " + e);
        }
        return null;
    }

    private static void weave(Instrumentation instrumentation) {
        new AgentBuilder.Default()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .disableClassFormatChanges()
                .type(namedOneOf("redis.clients.jedis.Jedis", "redis.clients.jedis.UnifiedJedis"))
                .transform(
                        (builder, type, classLoader, module, domain) ->
                                builder.visit(Advice.to(JedisAdvice.Get.class).on(get()))
                                        .visit(Advice.to(JedisAdvice.Mget.class).on(mget()))
                                        .visit(Advice.to(JedisAdvice.Write.class).on(write())))
                .installOn(instrumentation);
    }

    private static ElementMatcher<MethodDescription> get() {
        return isPublic()
                .and(named("get"))
                .and(takesArguments(String.class))
                .and(returns(String.class));
    }

    private static ElementMatcher<MethodDescription> mget() {
        return isPublic().and(named("mget")).and(takesArguments(String[].class));
    }

    private static ElementMatcher<MethodDescription> write() {
        return isPublic()
                .and(namedOneOf(WRITES.toArray(String[]::new)))
                .and(takesArgument(0, String.class).or(takesArgument(0, String[].class)));
    }
}
