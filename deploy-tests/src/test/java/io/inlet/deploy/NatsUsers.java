package io.inlet.deploy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The users of a NATS configuration file (docker/nats/nats.conf), read just enough to check them: name, the
 * environment variable its password comes from, and the subjects it may publish and subscribe to.
 */
record NatsUsers(Map<String, User> users) {

    private static final Pattern USER = Pattern.compile("(?m)^\\s*user\\s*[:=]\\s*\"?([A-Za-z0-9_-]+)\"?\\s*$");
    private static final Pattern PASSWORD = Pattern.compile("(?m)^\\s*password\\s*[:=]\\s*\\$([A-Za-z0-9_]+)\\s*$");
    private static final Pattern PUBLISH = Pattern.compile("publish\\s*[:=]\\s*\\[([^]]*)]");
    private static final Pattern SUBSCRIBE = Pattern.compile("subscribe\\s*[:=]\\s*\\[([^]]*)]");

    record User(String name, String passwordVariable, List<String> publish, List<String> subscribe) {
    }

    static NatsUsers parse(String config) {
        String text = config.replaceAll("(?m)#.*$", "");
        Map<String, User> users = new LinkedHashMap<>();
        Matcher user = USER.matcher(text);
        List<int[]> starts = new java.util.ArrayList<>();
        List<String> names = new java.util.ArrayList<>();
        while (user.find()) {
            starts.add(new int[] {user.start()});
            names.add(user.group(1));
        }
        for (int i = 0; i < names.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : text.length();
            String block = text.substring(starts.get(i)[0], end);
            Matcher password = PASSWORD.matcher(block);
            users.put(names.get(i), new User(names.get(i), password.find() ? password.group(1) : null,
                    subjects(PUBLISH, block), subjects(SUBSCRIBE, block)));
        }
        return new NatsUsers(users);
    }

    private static List<String> subjects(Pattern pattern, String block) {
        Matcher matcher = pattern.matcher(block);
        if (!matcher.find()) {
            return List.of();
        }
        return Arrays.stream(matcher.group(1).split(",")).map(String::trim).map(s -> s.replace("\"", ""))
                .filter(s -> !s.isEmpty()).toList();
    }
}
