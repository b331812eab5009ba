package io.inlet.localrunner;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One Spring Boot service running in this JVM in a class loader of its own (parent: the platform class loader),
 * so that services with different libraries, their own {@code application.yml} and {@code db/migration} live side
 * by side. Spring is driven by reflection: nothing of the service is visible to the caller's class loader.
 */
public final class IsolatedSpringApp implements AutoCloseable {

    private final InletService service;
    private final URLClassLoader classLoader;
    private final Object context;
    private final int port;

    private IsolatedSpringApp(InletService service, URLClassLoader classLoader, Object context, int port) {
        this.service = service;
        this.classLoader = classLoader;
        this.context = context;
        this.port = port;
    }

    /**
     * Starts the service with {@code properties} as command-line arguments ({@code --name=value}: above its
     * application.yml and the environment) and returns once it is up.
     */
    public static IsolatedSpringApp start(ServiceJars.UnpackedService unpacked, Map<String, String> properties) {
        URLClassLoader loader = new URLClassLoader("inlet-" + unpacked.service().module(),
                unpacked.classPath().toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        List<String> args = new ArrayList<>();
        properties.forEach((name, value) -> args.add("--" + name + "=" + value));
        // A thread of its own: the service's threads inherit this context class loader, not the caller's.
        CompletableFuture<Object> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                started.complete(run(loader, unpacked.startClass(), args.toArray(String[]::new)));
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        }, "start-" + unpacked.service().module());
        starter.setContextClassLoader(loader);
        starter.start();
        try {
            Object context = started.get();
            return new IsolatedSpringApp(unpacked.service(), loader, context, localPort(loader, context));
        } catch (ExecutionException e) {
            closeQuietly(loader);
            Throwable cause = rootCause(e.getCause());
            throw new IllegalStateException(unpacked.service().module() + " did not start: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(loader);
            throw new IllegalStateException("interrupted while starting " + unpacked.service().module(), e);
        } catch (ReflectiveOperationException e) {
            closeQuietly(loader);
            throw new IllegalStateException("cannot read the port of " + unpacked.service().module(), e);
        }
    }

    private static Object run(ClassLoader loader, String startClass, String[] args) throws Exception {
        // The JVM takes one URL stream handler factory; Tomcat registers one per copy of its classes unless told
        // not to (only needed for WARs in WARs). Without this, the second service's Tomcat fails to start.
        try {
            loader.loadClass("org.apache.catalina.webresources.TomcatURLStreamHandlerFactory")
                    .getMethod("disable").invoke(null);
        } catch (ClassNotFoundException e) {
            // Not a Tomcat-based service.
        }
        Class<?> application = loader.loadClass(startClass);
        Class<?> springApplication = loader.loadClass("org.springframework.boot.SpringApplication");
        Object app = springApplication.getConstructor(Class[].class).newInstance((Object) new Class<?>[] {application});
        // The runner closes the services itself, in order, before the infrastructure under them.
        springApplication.getMethod("setRegisterShutdownHook", boolean.class).invoke(app, false);
        try {
            return springApplication.getMethod("run", String[].class).invoke(app, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static int localPort(ClassLoader loader, Object context) throws ReflectiveOperationException {
        Class<?> contextType = loader.loadClass("org.springframework.context.ConfigurableApplicationContext");
        Object environment = contextType.getMethod("getEnvironment").invoke(context);
        Method getProperty = loader.loadClass("org.springframework.core.env.PropertyResolver")
                .getMethod("getProperty", String.class);
        Object port = getProperty.invoke(environment, "local.server.port");
        return port == null ? -1 : Integer.parseInt(port.toString());
    }

    public InletService service() {
        return service;
    }

    /** The HTTP port the service listens on. */
    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Closes the application context (graceful shutdown, buffered data flushed) and then its class loader. */
    @Override
    public void close() {
        Thread closer = new Thread(() -> {
            try {
                classLoader.loadClass("org.springframework.context.ConfigurableApplicationContext")
                        .getMethod("close").invoke(context);
            } catch (ReflectiveOperationException e) {
                System.err.println("Stopping " + service.module() + " failed: " + rootCause(e));
            }
        }, "stop-" + service.module());
        closer.setContextClassLoader(classLoader);
        closer.start();
        try {
            closer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(classLoader);
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (Exception ignored) {
            // Nothing useful to do: the JVM is about to exit or the service failed to start anyway.
        }
    }

    static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
