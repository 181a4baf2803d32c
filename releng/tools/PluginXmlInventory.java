import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * What a plugin.xml contributes, independent of how it is laid out: run it on two versions of a plugin.xml
 * (for instance before and after regrouping it) to see that nothing was lost or changed.
 *
 * <pre>
 * git show main:bundles/org.geosync.ui/plugin.xml &gt; /tmp/before.xml
 * java releng/tools/PluginXmlInventory.java /tmp/before.xml bundles/org.geosync.ui/plugin.xml
 * </pre>
 *
 * Every top-level element of every extension (a command, a handler with its enabledWhen, a menu contribution
 * with its ordered items, a view, an adapter factory...) is written as one canonical line — extension point,
 * extension id, the element with its attributes sorted, its children in order, comments and whitespace left
 * out — so regrouping extensions, merging two extensions of the same point or reordering them changes
 * nothing, while a lost, added or edited element shows. With one file it prints the inventory; with two it
 * prints a summary per kind for each and the elements only one of them has, and exits 1 when they differ.
 */
public class PluginXmlInventory {

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: java PluginXmlInventory.java plugin.xml [other-plugin.xml]");
            System.exit(2);
        }
        List<String> a = inventory(new File(args[0]));
        if (args.length == 1) {
            a.forEach(System.out::println);
            return;
        }
        List<String> b = inventory(new File(args[1]));
        System.out.printf("%-58s %8s %8s%n", "kind", "first", "second");
        Map<String, int[]> kinds = new TreeMap<>();
        a.forEach(l -> kinds.computeIfAbsent(kind(l), k -> new int[2])[0]++);
        b.forEach(l -> kinds.computeIfAbsent(kind(l), k -> new int[2])[1]++);
        kinds.forEach((k, n) -> System.out.printf("%-58s %8d %8d%n", k, n[0], n[1]));
        List<String> onlyA = minus(a, b);
        List<String> onlyB = minus(b, a);
        onlyA.forEach(l -> System.out.println("- " + l));
        onlyB.forEach(l -> System.out.println("+ " + l));
        boolean same = onlyA.isEmpty() && onlyB.isEmpty();
        System.out.println(same ? "same contributions (" + a.size() + " elements)"
                : onlyA.size() + " element(s) only in the first, " + onlyB.size() + " only in the second");
        System.exit(same ? 0 : 1);
    }

    /** One canonical line per top-level element of each extension, sorted. */
    static List<String> inventory(File file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setIgnoringComments(true);
        Element plugin = f.newDocumentBuilder().parse(file).getDocumentElement();
        List<String> lines = new ArrayList<>();
        for (Element extension : children(plugin)) {
            String head = extension.getAttribute("point") + (extension.hasAttribute("id") ? "#" + extension.getAttribute("id") : "") + " ";
            for (Element e : children(extension)) {
                lines.add(head + canonical(e));
            }
        }
        Collections.sort(lines);
        return lines;
    }

    /** The extension point and the element's name: "org.eclipse.ui.handlers handler". */
    private static String kind(String line) {
        String[] parts = line.split(" ", 2);
        String point = parts[0].replaceFirst("#.*", "");
        String element = parts[1].replaceFirst("^<([^ >/]+).*", "$1");
        return point + " " + element;
    }

    private static String canonical(Element e) {
        StringBuilder s = new StringBuilder("<").append(e.getTagName());
        NamedNodeMap attributes = e.getAttributes();
        Map<String, String> sorted = new TreeMap<>();
        for (int i = 0; i < attributes.getLength(); i++) {
            sorted.put(attributes.item(i).getNodeName(), attributes.item(i).getNodeValue());
        }
        sorted.forEach((k, v) -> s.append(' ').append(k).append("=\"").append(v).append('"'));
        List<Element> children = children(e);
        String text = e.getTextContent().strip();
        if (children.isEmpty() && text.isEmpty()) {
            return s.append("/>").toString();
        }
        s.append('>');
        if (children.isEmpty()) {
            s.append(text);
        }
        s.append(children.stream().map(PluginXmlInventory::canonical).collect(Collectors.joining()));
        return s.append("</").append(e.getTagName()).append('>').toString();
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }

    /** The lines of {@code a} not matched one for one in {@code b}. */
    private static List<String> minus(List<String> a, List<String> b) {
        List<String> rest = new ArrayList<>(b);
        List<String> out = new ArrayList<>();
        for (String l : a) {
            if (!rest.remove(l)) {
                out.add(l);
            }
        }
        return out;
    }
}
